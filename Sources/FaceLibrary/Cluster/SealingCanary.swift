import FaceStore

// Design note: every process of a deployment must load the same
// secret-sealing key, or app secrets sealed by one do not open in another.
// The first process to start on a database seals a known text with its key
// and stores it; every later one must open it, or refuses to start. Where a
// database already holds apps but no canary (one made before the canary
// existed), the key must first open an app's secret.

/// The check that this process's sealing key is the deployment's.
enum SealingCanary {
    static let name = "sealing_canary"
    static let text = Array("face-service sealing canary".utf8)
    /// The GCM additional data: no app's api_key can be this (keys are 32 URL-safe characters).
    static let binding = "deployment sealing canary"

    /// Throws `DataDirectoryError.wrongSealingKey` unless `sealer`'s key is the deployment's.
    static func verify(_ sealer: SecretSealer, keyFile: String, values: any DeploymentValues,
                       storage: any FaceStorage) async throws {
        let stored: [UInt8]
        if let existing = try await values.deploymentValue(named: name) {
            stored = existing
        } else {
            if let app = try await storage.apps().first, (try? sealer.open(app.sealedSecret, apiKey: app.apiKey)) == nil {
                throw DataDirectoryError.wrongSealingKey(keyFile)
            }
            stored = try await values.storeDeploymentValue(try sealer.seal(text, apiKey: binding), named: name)
        }
        guard (try? sealer.open(stored, apiKey: binding)) == text else {
            throw DataDirectoryError.wrongSealingKey(keyFile)
        }
    }
}
