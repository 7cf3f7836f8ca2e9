"""Card readers: each reader owns one thread and reports ReaderEvents to a callback."""
