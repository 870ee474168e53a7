import ArgumentParser

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Configuration file (default: $TIDEMARK_CONFIG, then ./tidemark.yml, else the embedded default).",
            valueName: "path"))
    var config: String?

    @OptionGroup var log: LogOptions
}
