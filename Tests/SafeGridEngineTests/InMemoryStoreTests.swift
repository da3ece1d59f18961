import SafeGridCore
import SafeGridTesting
import Testing

@Suite("In-memory store compatibility")
struct InMemoryStoreTests {
    @Test(arguments: HazardStoreCompatibilitySuite.checks)
    func compatibility(_ check: HazardStoreCompatibilitySuite.Check) throws {
        try HazardStoreCompatibilitySuite(makeStore: { InMemoryHazardStore() }).run(check)
    }
}
