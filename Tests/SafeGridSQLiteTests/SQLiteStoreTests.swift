import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSQLite
import SafeGridTesting
import Testing

/// A fresh SQLite file in a temporary directory.
func temporaryStorePath() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-sqlite-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent("store.sqlite").path
}

@Suite("SQLite store compatibility")
struct SQLiteStoreTests {
    @Test(arguments: HazardStoreCompatibilitySuite.checks)
    func compatibility(_ check: HazardStoreCompatibilitySuite.Check) throws {
        try HazardStoreCompatibilitySuite(makeStore: { try SQLiteHazardStore(path: try temporaryStorePath()) }).run(check)
    }
}
