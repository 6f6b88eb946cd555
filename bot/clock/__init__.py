"""The clock process: the scheduler that runs job rows, and each feature's job kinds."""
