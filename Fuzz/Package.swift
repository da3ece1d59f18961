// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for SafeGrid's parsers and importers (issue 17), kept out of the root
/// package like Benchmarks/, so its build, its tests and CI never compile them. Build and run
/// them with `scripts/fuzz TARGET SECONDS` (see FUZZING.md); they need the sanitizer flags
/// `-sanitize=fuzzer,address` (and lld), which the script passes.

/// SwiftPM names a path dependency by its folder's name (lowercased), not by its manifest's
/// `name`, so the root package is "main" in one checkout and something else in another clone.
let root = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "main").lowercased()

/// One executable per fuzz target: (target, the SafeGrid products it feeds, other products).
let fuzzTargets: [(name: String, products: [String], others: [Target.Dependency])] = [
    ("checklist", ["SafeGridCore", "SafeGridXML"], []),
    ("responses", ["SafeGridCore"], []),
    ("areas", ["SafeGridCore", "SafeGridImport"], []),
    ("venues", ["SafeGridCore", "SafeGridImport"], []),
    ("calendar", ["SafeGridCore"], []),
    ("bundle", ["SafeGridCore", "SafeGridSync"], []),
    // The web app's form parser is internal to SafeGridWeb: its file is compiled here as it is
    // (a symlink), against the same Hummingbird and MultipartKit.
    ("webform", [], [
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "MultipartKit", package: "multipart-kit"),
    ]),
]

let package = Package(
    name: "SafeGridFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        // libFuzzer's driver, called by each target's main.swift (Driver/main.swift).
        .target(name: "CFuzzer"),
    ] + fuzzTargets.map { target in
        .executableTarget(
            name: "fuzz-\(target.name)",
            dependencies: ["CFuzzer"] + target.products.map { .product(name: $0, package: root) } + target.others,
            path: "Sources/\(target.name)",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        )
    }
)
