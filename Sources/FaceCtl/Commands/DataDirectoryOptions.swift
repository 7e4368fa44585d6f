import ArgumentParser

/// The data directory every subcommand works on; given before or after the subcommand.
struct DataDirectoryOptions: ParsableArguments {
    @Option(help: "The face-server data directory (SQLite database and secret-sealing key).")
    var dataDir: String = "./data"
}
