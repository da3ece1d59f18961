// swift-tools-version: 6.1
import PackageDescription

// A third party's exporter: a package of its own that depends on SafeGrid, adds one output
// format (a short summary to paste into a messaging group), registers it next to the built-in
// ones and renders reports through the engine, without forking SafeGrid.
let package = Package(
    name: "GroupMessage",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "GroupMessageExporter", targets: ["GroupMessageExporter"]),
        .executable(name: "group-report", targets: ["group-report"]),
    ],
    dependencies: [
        .package(name: "SafeGrid", path: "../.."),
    ],
    targets: [
        .target(name: "GroupMessageExporter", dependencies: [.product(name: "SafeGridCore", package: "SafeGrid")]),
        .executableTarget(
            name: "group-report",
            dependencies: [
                "GroupMessageExporter",
                .product(name: "SafeGridCore", package: "SafeGrid"),
                .product(name: "SafeGridEngine", package: "SafeGrid"),
                .product(name: "SafeGridSQLite", package: "SafeGrid"),
                .product(name: "SafeGridExporters", package: "SafeGrid"),
            ]
        ),
        .testTarget(
            name: "GroupMessageExporterTests",
            dependencies: [
                "GroupMessageExporter",
                .product(name: "SafeGridCore", package: "SafeGrid"),
                .product(name: "SafeGridEngine", package: "SafeGrid"),
                .product(name: "SafeGridTesting", package: "SafeGrid"),
                .product(name: "SafeGridExporters", package: "SafeGrid"),
            ]
        ),
    ]
)
