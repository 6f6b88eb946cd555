"""Questions and answers: matching what residents type to content/faq/, and recording what was not answered."""
