import TidemarkCLI

await TidemarkCommand.start()
