"""Application services the CLI, the daemon and the web console share: the context a command runs
in, the crawl job, read models, quarters and deductions.  Nothing here prints or parses arguments."""
