"""Indonesian text handling for question answering: normalisation, stemming, retrieval."""
