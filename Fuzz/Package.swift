// swift-tools-version:5.4
import PackageDescription

// libFuzzer targets for callreport (issue 6). A package of its own so that `swift build` and
// `swift test` of the root package never build them: they need `-sanitize=fuzzer`, which only
// `Fuzz/run.sh` passes. Each executable is one fuzz target; FuzzChecks holds what they check.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM links a Linux executable with
// `--defsym main=<Target>_main` (testable executables), and a fuzz target has no main of its
// own (libFuzzer's is linked in), so the link fails.
let package = Package(
    name: "callreport-fuzz",
    dependencies: [
        // Named, so that the products resolve whatever the clone's folder is called.
        .package(name: "callreport", path: ".."),
        // The escaping checks render `{{value}}` the way the report templates do.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .target(
            name: "FuzzChecks",
            dependencies: [
                .product(name: "CallModel", package: "callreport"),
                .product(name: "CallNormalize", package: "callreport"),
                .product(name: "CallRender", package: "callreport"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzXML", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzDuration", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzTimestamp", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzEscapers", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzThreads", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzDirect", dependencies: ["FuzzChecks"]),
    ]
)
