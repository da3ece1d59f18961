// Temporary, until main's store settings are merged (the lead's `engine.settings()`).
public struct StoreSettings: Sendable {
    public var actor: String?
    public var values: [String: String] = [:]
}

extension SafeGridEngine {
    public func settings() throws -> StoreSettings { StoreSettings() }
}
