import ArgumentParser

/// `--api-key K`, naming the app a command works on.
struct AppKeyOptions: ParsableArguments {
    // Unconditional: a generated api_key may begin with "-" (1 in 64 do).
    @Option(parsing: .unconditional, help: "The app's api_key.")
    var apiKey: String
}
