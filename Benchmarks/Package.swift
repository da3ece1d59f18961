// swift-tools-version: 6.1
import PackageDescription

/// Benchmarks for SafeGrid, kept out of the root package so that its build, its tests and
/// CI never compile XMLCoder or the benchmark code. Build in release:
/// `swift build -c release --package-path Benchmarks` (see Benchmarks/README.md).

/// SwiftPM names a path dependency by its folder's name (lowercased), not by its manifest's
/// `name`, so the root package is "main" in one checkout and something else in another clone.
let root = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "main").lowercased()

let package = Package(
    name: "SafeGridBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
    ],
    targets: [
        .executableTarget(
            name: "checklist-bench",
            dependencies: [
                .product(name: "SafeGridCore", package: root),
                .product(name: "SafeGridXML", package: root),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        ),
        .executableTarget(
            name: "engine-bench",
            dependencies: [
                .product(name: "SafeGridCore", package: root),
                .product(name: "SafeGridEngine", package: root),
                .product(name: "SafeGridSQLite", package: root),
                .product(name: "SafeGridPostgres", package: root),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        ),
    ]
)
