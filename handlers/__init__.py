"""The conversation core: decides what to answer. Imports no channel, web or gateway library."""
