import ArgumentParser

/// `facectl app …`: tenant apps and their keys.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Create, list, inspect, disable and re-key tenant apps; set their quotas.",
        subcommands: [AppCreate.self, AppList.self, AppShow.self, AppDisable.self, AppEnable.self,
                      AppRotateSecret.self, AppSetQuota.self])

    @OptionGroup var data: DataDirectoryOptions
}
