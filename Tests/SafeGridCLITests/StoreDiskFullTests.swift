import Foundation
import Testing

/// The store on a full disk (issue 17): a small tmpfs the test mounts in a mount namespace of its
/// own (`unshare -rm`, no root needed), holding a copy of a real store, the rest of it filled.
/// Each write is refused with exit 3 naming the disk and its free space, the store is unchanged,
/// and once space is freed the same command works and the store verifies.
@Suite("The store on a full disk")
struct StoreDiskFullTests {
    static let now = "2026-06-02T21:00"

    /// Runs `script` with `sh` in a new user and mount namespace, `$SG` the safegrid binary and
    /// `$MNT` a 2 MiB tmpfs there; returns its output (stdout and stderr together).
    static func inNamespace(_ work: EngineWorkspace, _ script: String) throws -> String {
        let mount = work.url("disk")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        var environment = work.processEnvironment(now: now)
        environment["SG"] = SafegridProcess.binary.path
        environment["MNT"] = mount.path
        environment["SAFEGRID_STORE"] = mount.path + "/store.sqlite"
        let outcome = try EngineRunning(
            executable: URL(fileURLWithPath: "/usr/bin/unshare"),
            arguments: ["-rm", "sh", "-c", "mount -t tmpfs -o size=2m tmpfs \"$MNT\" || exit 99\n" + script + " 2>&1"],
            environment: environment, directory: work.directory
        ).wait()
        #expect(outcome.status != 99, "cannot mount a tmpfs in a new namespace: \(outcome)")
        return outcome.stdout + outcome.stderr
    }

    @Test("inspect and a venue import on a full disk: exit 3 naming the disk, nothing written; after freeing space both work and the store verifies")
    func fullDisk() throws {
        let work = try EngineWorkspace("disk-full")
        defer { work.remove() }
        try work.setUpExample()
        _ = try work.responses("v1.json", items: EngineFixtures.exampleItems, failing: ["A", "C"])
        var venues = "id,name,kind,grid,police_grid,tags,address,contact\n"
        for index in 1...3_000 { venues += "W\(index),夜市摊位 \(index),stall,G1,P1,,夜市 A 区 \(index) 号,\n" }
        try work.write("many.csv", venues)
        let output = try Self.inNamespace(work, """
            cp "\(work.store.path)" "$MNT/store.sqlite"
            dump() { sqlite3 "$MNT/store.sqlite" .dump | md5sum; }
            echo "before $(dump)"
            dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null
            "$SG" inspect --venue V1 --checklist example --responses v1.json --lang en; echo "inspect-full exit $?"
            rm "$MNT/filler"
            # Room for the journal and a little more, not for 3,000 venues.
            dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null; rm "$MNT/filler"
            dd if=/dev/zero of="$MNT/filler" bs=1k count=$(( $(df -k "$MNT" | awk 'NR==2 {print $4}') - 160 )) 2>/dev/null
            "$SG" venue import many.csv --lang zh-CN; echo "import-full exit $?"
            echo "after $(dump)"
            rm "$MNT/filler"
            "$SG" inspect --venue V1 --checklist example --responses v1.json --format json > /dev/null; echo "inspect-freed exit $?"
            "$SG" venue import many.csv > /dev/null; echo "import-freed exit $?"
            "$SG" verify --lang en; echo "verify exit $?"
            """)
        #expect(output.contains("the disk holding the store"), "\(output)")
        #expect(output.contains("is full (0 bytes free in"), "\(output)")
        #expect(output.contains("Nothing was written; free some space and run the command again"), "\(output)")
        #expect(output.contains("inspect-full exit 3"), "\(output)")
        #expect(output.contains("所在的磁盘已满") && output.contains("import-full exit 3"), "\(output)")
        let lines = output.split(separator: "\n")
        let before = lines.first { $0.hasPrefix("before ") }?.dropFirst(7), after = lines.first { $0.hasPrefix("after ") }?.dropFirst(6)
        #expect(before != nil && before == after, "the store is unchanged by the refused writes: \(output)")
        #expect(output.contains("inspect-freed exit 0") && output.contains("import-freed exit 0"), "\(output)")
        #expect(output.contains("Intact:") && output.contains("verify exit 0"), "\(output)")
    }
}
