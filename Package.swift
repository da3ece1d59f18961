// swift-tools-version: 6.1
import PackageDescription

/// Upcoming language features every SafeGrid target opts into (Swift 6 mode is the default
/// for this tools version).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The built-in exporters: each a target of its own under exporters/, depending on SafeGridCore,
/// on what the exporters share (`exportSupport`) and on the HTML kit, exactly as a third party's
/// exporter would.
/// (module, folder)
let builtinExporters: [(module: String, path: String)] = [
    ("SafeGridJSON", "exporters/json"),
    ("SafeGridCSV", "exporters/csv"),
    ("SafeGridMarkdown", "exporters/markdown"),
    ("SafeGridHTML", "exporters/html"),
    ("SafeGridXLSX", "exporters/xlsx"),
    ("SafeGridNotice", "exporters/notice"),
]

/// What the exporters share, ours and a third party's (the streaming ZIP writer of XLSX and of
/// CSV's every-table archive): kept out of SafeGridCore, which holds values and seams only.
let exportSupport = (module: "SafeGridExportSupport", path: "exporters/support")

let package = Package(
    name: "SafeGrid",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SafeGridCore", targets: ["SafeGridCore"]),
        .library(name: "SafeGridXML", targets: ["SafeGridXML"]),
        .library(name: "SafeGridEngine", targets: ["SafeGridEngine"]),
        .library(name: "SafeGridSQLite", targets: ["SafeGridSQLite"]),
        .library(name: "SafeGridPostgres", targets: ["SafeGridPostgres"]),
        .library(name: "SafeGridTesting", targets: ["SafeGridTesting"]),
        .library(name: "SafeGridSync", targets: ["SafeGridSync"]),
        .library(name: "SafeGridImport", targets: ["SafeGridImport"]),
        .library(name: "SafeGridHTMLKit", targets: ["SafeGridHTMLKit"]),
        .library(name: "SafeGridWeb", targets: ["SafeGridWeb"]),
        .library(name: "SafeGridExporters", targets: builtinExporters.map(\.module) + [exportSupport.module]),
        .executable(name: "safegrid", targets: ["SafeGridCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // `swift package generate-documentation`: the DocC catalogs of the library modules, and
        // the snippets in Snippets/ (built by `swift build` like any target, run by scripts/test).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The CSV reader of the import commands (SafeGridImport).
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // The web app (`safegrid serve`): the server, bcrypt for passwords, the multipart parser
        // of photo uploads, the access log, graceful shutdown.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The city's store (`--store postgres://…`).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Property tests of the engine and the stores (SafeGridPropertyTests).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Domain values and seams. Its one dependency is swift-crypto (SHA-256 now; Ed25519 for
        // signed bundles).
        .target(
            name: "SafeGridCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: strictSettings),

        // What the HTML pages share, the exporters' and the web app's (escaping, the page opening
        // and its Content-Security-Policy, print CSS, SVG charts): kept out of SafeGridCore.
        .target(name: "SafeGridHTMLKit", dependencies: ["SafeGridCore"], swiftSettings: strictSettings),

        // libxml2 from the system (Debian: libxml2-dev; macOS: Homebrew libxml2).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),

        // The only module that imports CLibXML2: secure checklist import and validation.
        // The checklist schema and the built-in checklists are compiled into it by the
        // EmbedData plugin, so the binary never reads the source tree at run time.
        .target(
            name: "SafeGridXML",
            dependencies: ["SafeGridCore", "CLibXML2"],
            swiftSettings: strictSettings,
            plugins: ["EmbedData"]
        ),

        // Records inspections, sets deadlines, drives the hazard lifecycle, computes reports.
        // The PRC holiday calendars are compiled into it by the EmbedData plugin.
        .target(name: "SafeGridEngine", dependencies: ["SafeGridCore"], swiftSettings: strictSettings, plugins: ["EmbedData"]),

        // The embedded default store: one SQLite file, through GRDB.
        .target(
            name: "SafeGridSQLite",
            dependencies: [
                "SafeGridCore", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface as GRDB links it, for binding the hot inserts directly.
                .product(name: "GRDBSQLite", package: "GRDB.swift", condition: .when(platforms: [.linux])),
            ],
            swiftSettings: strictSettings
        ),

        // The city's store: PostgreSQL through postgres-nio, behind the same seam.
        .target(
            name: "SafeGridPostgres",
            dependencies: [
                "SafeGridCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),

        // The test kit: in-memory store, manual clock, the worked example, the demo scenario,
        // and the compatibility suites every store and exporter must pass.
        .target(name: "SafeGridTesting", dependencies: ["SafeGridCore", "SafeGridEngine"], swiftSettings: strictSettings),

        // Keys (Ed25519), and the signed bundle format (docs/BUNDLE.md): streaming writer and
        // reader, and BundleMerge, which applies verified bundles through the engine's Merger.
        .target(
            name: "SafeGridSync",
            dependencies: ["SafeGridCore", "SafeGridEngine", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),

        // The CSV importers (areas, venues): where files are read, on CSV.swift, every problem
        // at FILE:LINE:COLUMN. Values only: the CLI (or an embedder) stores them with the engine.
        .target(
            name: "SafeGridImport",
            dependencies: ["SafeGridCore", .product(name: "CSV", package: "CSV.swift")],
            swiftSettings: strictSettings
        ),

        // The web app served by `safegrid serve`: accounts, sessions, the dashboard, the hazard
        // desk. The store, the engine and the exporter registry are injected as the CLI does.
        .target(
            name: "SafeGridWeb",
            dependencies: [
                "SafeGridCore", "SafeGridEngine", "SafeGridHTMLKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                // Its thread pool: the store is read and written off the server's event loops.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The certificate and key of `--tls-cert/--tls-key`.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),

        // Build-time tool: turns the data files into Swift string literals.
        .executableTarget(name: "safegrid-embed", swiftSettings: strictSettings),
        .plugin(
            name: "EmbedData",
            capability: .buildTool(),
            dependencies: ["safegrid-embed"]
        ),

        .executableTarget(
            name: "SafeGridCLI",
            dependencies: [
                "SafeGridCore",
                "SafeGridXML",
                "SafeGridEngine",
                "SafeGridSQLite",
                "SafeGridPostgres",
                "SafeGridSync",
                "SafeGridImport",
                "SafeGridWeb",
                // `safegrid demo` plays the test kit's demo scenario.
                "SafeGridTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ] + builtinExporters.map { .target(name: $0.module) },
            swiftSettings: strictSettings
        ),

        .testTarget(name: "SafeGridCoreTests", dependencies: ["SafeGridCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "SafeGridEngineTests",
            dependencies: ["SafeGridCore", "SafeGridEngine", "SafeGridTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SafeGridSQLiteTests",
            dependencies: ["SafeGridCore", "SafeGridEngine", "SafeGridSQLite", "SafeGridTesting", "SafeGridXML"],
            // The store file's format, pinned (StoreFormatTests).
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        // Random sequences of actions on random hazards, run on every store at once: the
        // invariants of the counts, and the stores agreeing (issue 17).
        .testTarget(
            name: "SafeGridPropertyTests",
            dependencies: [
                "SafeGridCore", "SafeGridEngine", "SafeGridSQLite", "SafeGridPostgres", "SafeGridTesting", "PostgresTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SafeGridPostgresTests",
            dependencies: ["SafeGridCore", "SafeGridEngine", "SafeGridPostgres", "SafeGridTesting", "PostgresTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "SafeGridImportTests", dependencies: ["SafeGridCore", "SafeGridImport"], swiftSettings: strictSettings),
        .testTarget(
            name: "SafeGridXMLTests",
            dependencies: ["SafeGridCore", "SafeGridXML"],
            exclude: ["Corpus"],
            swiftSettings: strictSettings
        ),
        // Headless Chromium over the DevTools protocol, for the tests of printed pages and of
        // the web app (a library of the tests only: no product names it).
        .target(name: "BrowserTesting", path: "Tests/BrowserTesting", swiftSettings: strictSettings),
        // A throwaway PostgreSQL cluster for the tests (scripts/pg-cluster), a library of the
        // tests only, like BrowserTesting.
        .target(name: "PostgresTesting", path: "Tests/PostgresTesting", swiftSettings: strictSettings),
        .testTarget(
            name: "SafeGridExporterTests",
            // SafeGridXML: the printed-report tests play the demo with the built-in checklists.
            // SafeGridExportSupport: the ZIP writer's checksum is tested directly. SafeGridHTMLKit:
            // pages are checked for escaped names.
            dependencies: [
                "SafeGridCore", "SafeGridEngine", "SafeGridTesting", "SafeGridXML", "SafeGridHTMLKit", "BrowserTesting",
                .target(name: exportSupport.module),
            ]
                + builtinExporters.map { .target(name: $0.module) },
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SafeGridCLITests",
            // Crypto: the bundle tests sign damaged bundles with a laptop's real key. The engine
            // and the test kit: the walk's state machine is tested directly.
            dependencies: [
                "BrowserTesting", "PostgresTesting", "SafeGridCLI", "SafeGridCore", "SafeGridEngine", "SafeGridTesting", .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)

package.targets.append(.target(name: exportSupport.module, dependencies: ["SafeGridCore"], path: exportSupport.path, swiftSettings: strictSettings))
package.targets += builtinExporters.map { exporter in
    .target(
        name: exporter.module, dependencies: ["SafeGridCore", "SafeGridHTMLKit", .target(name: exportSupport.module)], path: exporter.path,
        // The JSON report's schema is documentation for its readers, not a build input.
        exclude: exporter.module == "SafeGridJSON" ? ["report.schema.json"] : [], swiftSettings: strictSettings)
}
