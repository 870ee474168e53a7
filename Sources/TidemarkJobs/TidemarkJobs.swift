/// Job definitions, window planning and the runner (see Jobs/README.md).
enum TidemarkJobs {}
