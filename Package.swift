// swift-tools-version: 6.1
import PackageDescription

// The folder tree reads as the pipeline: each stage is one module with one
// entry point, and dependencies point one way (model ← normalize, aggregate;
// aggregate ← render; fetch ← model). CallPipeline composes the stages from one
// settings value; the executable only parses flags into it and maps errors to exit codes.
let package = Package(
    name: "callreport",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "callreport", targets: ["callreport"]),
        // The pipeline as a library, and its stages for packages that need only one
        // (the fuzz targets of Fuzz/Package.swift depend on this package by path).
        .library(name: "CallPipeline", targets: ["CallPipeline"]),
        .library(name: "CallConfig", targets: ["CallConfig"]),
        .library(name: "CallDeliver", targets: ["CallDeliver"]),
        .library(name: "CallModel", targets: ["CallModel"]),
        .library(name: "CallFetch", targets: ["CallFetch"]),
        .library(name: "CallNormalize", targets: ["CallNormalize"]),
        .library(name: "CallAggregate", targets: ["CallAggregate"]),
        .library(name: "CallRender", targets: ["CallRender"]),
        .library(name: "CallWorkbook", targets: ["CallWorkbook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The configuration file is YAML: every node carries its line, so every error can name it.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Tests only: an independent RFC 4180 reader to parse our CSV files back.
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // report.xlsx: libxlsxwriter (Debian libxlsxwriter-dev), a library made for the format.
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .target(name: "CFastPaths"),
        // One system call Swift's Glibc module does not show: an atomic swap of two folders' names.
        .target(name: "CFileSystem"),
        .target(name: "CallModel", dependencies: ["CFastPaths"]),
        // SMTP with libcurl (Debian libcurl4-openssl-dev): a C file does the variadic curl_easy_setopt calls.
        .target(name: "CCurlSMTP", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "CallDeliver", dependencies: ["CCurlSMTP", "CallModel"]),
        .target(name: "CallNormalize", dependencies: ["CallModel", "CLibXML2", "CFastPaths"]),
        .target(name: "CallAggregate", dependencies: ["CallModel"]),
        .target(
            name: "CallRender",
            dependencies: ["CallModel", "CallAggregate", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // report.xlsx: a sheet per table, typed cells, written with libxlsxwriter.
        .target(name: "CallWorkbook", dependencies: ["CallModel", "CallAggregate", "CallRender", "CXLSXWriter"]),
        .target(name: "CallDemo", dependencies: ["CallModel"]),
        // The default templates, compiled in from templates/ at build time (nothing reads the
        // source tree at run time): the plugin runs the tool, which writes one Swift source.
        .executableTarget(name: "TemplateEmbedder", path: "Plugins/TemplateEmbedder"),
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["TemplateEmbedder"]),
        .target(name: "CallTemplates", plugins: ["EmbedTemplates"]),
        .target(name: "CallFetch", dependencies: ["CallModel", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "CallPipeline",
            dependencies: [
                "CallModel", "CallNormalize", "CallAggregate", "CallRender", "CallWorkbook", "CallDemo", "CallFetch",
                "CallDeliver", "CallTemplates",
                "CFileSystem",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The configuration file, the environment and the flags, layered into one ReportSettings per account.
        .target(name: "CallConfig", dependencies: ["CallPipeline", "CallModel", "Yams"]),
        .executableTarget(
            name: "callreport",
            dependencies: [
                "CallPipeline", "CallConfig", "CallDeliver", "CallModel", "CallFetch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CallNormalizeTests", dependencies: ["CallNormalize", "CallDemo"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CallAggregateTests", dependencies: ["CallAggregate"]),
        .testTarget(name: "CallRenderTests", dependencies: ["CallRender", "CallTestSupport"]),
        .testTarget(name: "CallFetchTests", dependencies: ["CallFetch"]),
        // Reads report.xlsx back with openpyxl (Debian python3-openpyxl), through CallTestSupport.
        .testTarget(
            name: "CallWorkbookTests", dependencies: ["CallWorkbook", "CallAggregate", "CallModel", "CallTestSupport"]),
        // Readers and builders both the in-process and the end-to-end tests use.
        .target(name: "CallTestSupport", path: "Tests/Support"),
        .testTarget(
            name: "CallPipelineTests",
            dependencies: [
                "CallPipeline", "CallDemo", "CallTemplates", "CallTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                // The hostile-value tests read the outputs back with libxml2's HTML parser and CSV.swift.
                "CLibXML2", .product(name: "CSV", package: "CSV.swift"),
            ]),
        .testTarget(name: "CallConfigTests", dependencies: ["CallConfig", "CallPipeline", "CallModel"]),
        .testTarget(
            name: "callreportTests",
            dependencies: ["callreport", "CallDemo", "CallTestSupport"],
            resources: [.copy("Fixtures")]),
    ]
)
