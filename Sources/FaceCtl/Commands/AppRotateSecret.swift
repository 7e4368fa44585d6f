import ArgumentParser
import FaceLibrary

/// `facectl app rotate-secret --api-key K`: a new secret, printed once; the old one stops working at once.
struct AppRotateSecret: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-secret",
        abstract: "Give an app a new api_secret and print {\"api_key\", \"api_secret\"} once.",
        discussion: """
            The old secret stops working with the very next request (signatures made with it get
            AUTHORIZATION_ERROR / INVALID_SIGN), in every server on this data directory. Hand the new
            secret to the tenant before rotating in production, or expect failed requests until they switch.
            """)

    @OptionGroup var data: DataDirectoryOptions
    @OptionGroup var app: AppKeyOptions

    func run() async throws {
        try JSONLine.print(CredentialsJSON(try await data.open().services.apps.rotateSecret(apiKey: app.apiKey)))
    }
}
