import Foundation
import SafeGridCore

/// The area directory as the store last read it, with the generation it was read at
/// (`area_generation`, moved by every transaction that changes an area or a link): the store's
/// transactions share it, and read the directory again only when the generation has moved. A
/// city has tens of thousands of areas, and a batch of inspections needs the station of each
/// police grid it records hazards in.
final class PostgresDirectoryCache: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: (generation: Int64, directory: AreaDirectory)?

    /// The directory read at `generation`, if it is the one kept.
    func directory(at generation: Int64) -> AreaDirectory? {
        lock.withLock { kept?.generation == generation ? kept?.directory : nil }
    }

    /// Keeps `directory`, read at `generation` by a transaction that changed no area: a
    /// generation its own changes moved may yet be rolled back and taken by another's.
    func keep(_ directory: AreaDirectory, at generation: Int64) {
        lock.withLock {
            if (kept?.generation ?? .min) <= generation { kept = (generation, directory) }
        }
    }
}
