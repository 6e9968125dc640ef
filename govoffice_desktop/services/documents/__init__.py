"""文电办理: the registers of documents in and out, their handling, time limits and the office's speed."""
