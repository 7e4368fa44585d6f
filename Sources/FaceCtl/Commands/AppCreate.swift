import ArgumentParser
import FaceLibrary

/// `facectl app create --name NAME`: prints the new app's credentials as one JSON object.
struct AppCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a tenant app and print {\"api_key\", \"api_secret\"} once.",
        discussion: "The secret is stored sealed and cannot be shown again; keep this output safe.")

    @OptionGroup var data: DataDirectoryOptions
    @Option(help: "A name for the app, for ops (1 to 128 characters).")
    var name: String
    @Option(help: "Most face libraries the app may hold.")
    var maxGroups: Int = AppQuotas.defaults.maxGroups
    @Option(help: "Most faces across the app's libraries.")
    var maxFaces: Int = AppQuotas.defaults.maxFaces

    func run() async throws {
        let services = try await data.open(create: true).services
        let credentials = try await services.apps.createApp(
            name: name, quotas: AppQuotas(maxGroups: maxGroups, maxFaces: maxFaces))
        try JSONLine.print(CredentialsJSON(credentials))
    }
}
