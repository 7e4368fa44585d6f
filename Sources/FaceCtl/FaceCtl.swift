import ArgumentParser

/// The ops tool. Each subcommand lives in `Commands/` in a file of its own and
/// works on the same data directory as the server, also while it runs.
@main
struct FaceCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facectl",
        abstract: "Operate a face-server deployment: apps and keys, stats, backup and restore, library export and import, checks, embeddings, benchmarks.",
        subcommands: [AppCommand.self, StatsCommand.self, BackupCommand.self, RestoreCommand.self, ExportCommand.self,
                      ImportCommand.self, CheckCommand.self, NodesCommand.self, Embed.self, BenchSearch.self]
    )

    /// Declared here too so that `facectl --data-dir DIR app …` reaches the subcommand.
    @OptionGroup var data: DataDirectoryOptions
}
