// STAND-IN until the lead's store settings land on main: deleted at the merge.
import Foundation
public import SafeGridCore

public struct StoreSettings: Sendable {
    public var province: Province?
}

extension SafeGridEngine {
    public func settings() throws -> StoreSettings {
        StoreSettings(province: ProcessInfo.processInfo.environment["SAFEGRID_PROVINCE_STANDIN"].flatMap(Province.init))
    }
}
