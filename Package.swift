// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pagebulk",
    products: [
        .executable(name: "pagebulk", targets: ["pagebulk"]),
        .library(name: "PagebulkProc", targets: ["PagebulkProc"]),
        .library(name: "PagebulkKit", targets: ["PagebulkKit"]),
        .library(name: "PagebulkReport", targets: ["PagebulkReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        // libkmod, to insert and remove the test module by path.
        .systemLibrary(
            name: "CKmod", path: "harness/Sources/CKmod",
            pkgConfig: "libkmod", providers: [.apt(["libkmod-dev"])]),
        // The module's uapi header (a symlink to kernel/module/uapi) plus
        // the ioctl numbers Swift cannot import from macros.
        .target(name: "CPagebulk", path: "harness/Sources/CPagebulk"),
        // Parsers of /proc and debugfs text: no I/O.
        .target(name: "PagebulkProc", path: "harness/Sources/PagebulkProc"),
        // Talking to the system: files, the module, its control file.
        .target(
            name: "PagebulkKit",
            dependencies: [
                "CKmod", "CPagebulk", "PagebulkProc",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "harness/Sources/PagebulkKit"),
        // Result documents, statistics, merge, comparison and the text and
        // HTML renderers: everything done with a run after the guest wrote it.
        .target(
            name: "PagebulkReport", dependencies: ["PagebulkKit", "PagebulkProc"],
            path: "harness/Sources/PagebulkReport"),
        // Argument parsing only: commands, scenarios, check suites, options.
        .executableTarget(
            name: "pagebulk",
            dependencies: [
                "PagebulkKit", "PagebulkProc", "PagebulkReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "harness/Sources/pagebulk"),
        .testTarget(
            name: "PagebulkProcTests", dependencies: ["PagebulkProc"],
            path: "harness/Tests/PagebulkProcTests",
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "PagebulkKitTests", dependencies: ["PagebulkKit", "PagebulkReport", "CPagebulk"],
            path: "harness/Tests/PagebulkKitTests"),
        // Reports and plots from a recorded result set.
        .testTarget(
            name: "PagebulkReportTests", dependencies: ["PagebulkReport", "PagebulkKit", "PagebulkProc"],
            path: "harness/Tests/PagebulkReportTests",
            resources: [.copy("Fixtures")]),
        // The command line: parsing, validation, and what commands print.
        .testTarget(
            name: "PagebulkCommandTests",
            dependencies: [
                "pagebulk", "PagebulkKit", "PagebulkProc", "PagebulkReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "harness/Tests/PagebulkCommandTests"),
    ]
)
