/// Named values every process of a deployment must agree on, kept in the database.
public protocol DeploymentValues: Sendable {
    /// The value stored under `name`, if any.
    func deploymentValue(named name: String) async throws -> [UInt8]?
    /// Stores `value` under `name` unless a value is there already; returns
    /// the stored one (of processes storing at once, the first wins for all).
    func storeDeploymentValue(_ value: [UInt8], named name: String) async throws -> [UInt8]
}
