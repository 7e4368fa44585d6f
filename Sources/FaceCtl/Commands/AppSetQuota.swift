import ArgumentParser
import FaceLibrary

/// `facectl app set-quota --api-key K [--max-groups N] [--max-faces N]`.
struct AppSetQuota: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-quota",
        abstract: "Change an app's library and face quotas; prints the app.",
        discussion: "A quota below current usage removes nothing; it refuses further creates or adds.")

    @OptionGroup var data: DataDirectoryOptions
    @OptionGroup var app: AppKeyOptions
    @Option(help: "Most libraries the app may hold.") var maxGroups: Int?
    @Option(help: "Most faces across the app's libraries.") var maxFaces: Int?

    func validate() throws {
        guard maxGroups != nil || maxFaces != nil else { throw ValidationError("give --max-groups, --max-faces or both") }
    }

    func run() async throws {
        let summary = try await data.open().services.apps.setQuotas(apiKey: app.apiKey, maxGroups: maxGroups,
                                                                    maxFaces: maxFaces)
        try JSONLine.print(AppJSON(summary))
    }
}
