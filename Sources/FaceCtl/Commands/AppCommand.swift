import ArgumentParser

/// `facectl app …`: tenant apps and their keys.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Create and list tenant apps.",
        subcommands: [AppCreate.self, AppList.self])

    @OptionGroup var data: DataDirectoryOptions
}
