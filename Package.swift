// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Porthole",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "porthole", targets: ["porthole"]),
        .library(name: "PortholeSite", targets: ["PortholeSite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Test only: generators and seeded randomness for the property tests.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", exact: "2.0.1"),
    ],
    targets: [
        // The system libcmark (Debian libcmark-dev), found through pkg-config.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // renameat2(RENAME_EXCHANGE) for the atomic swap of the output folder.
        .target(name: "CPortholeSystem"),
        // SHA-256 with the processor's help: PBKDF2's iterations for several
        // password portals' keys at once (Access/PasswordKeys.swift), and
        // many files' hashes at once (Output/ContentHashes.swift).
        .target(name: "CPortholeSHA256"),
        // libcmark's allocator for a note's tree: a per-thread arena,
        // released whole when the note is done (CmarkDocument).
        .target(name: "CCmarkArena"),
        // libcmark wrapper: parse, strip Internal sections, render, outline.
        .target(
            name: "PortholeMarkdown",
            dependencies: ["CCmark", "CCmarkArena"]
        ),
        // Model, loading with source locations, validation, diagnostics.
        // YAML is read with the libyaml Yams carries (its CYaml module,
        // which SwiftPM makes importable to Yams' dependents), through
        // Porthole's own composer (YAMLNode.swift).
        .target(
            name: "PortholeCore",
            dependencies: ["PortholeMarkdown", .product(name: "Yams", package: "Yams")]
        ),
        // What `porthole init` writes (AgencyTemplate), built in from
        // scaffold/agency, content/playbooks and ci/. A target of its own,
        // used only by the CLI: the fuzz build (sanitizer flags on every
        // target) cannot link a plugin's program, so PortholeCore and the
        // fuzz targets must not need one.
        .target(
            name: "PortholeScaffold",
            dependencies: ["PortholeCore"],
            plugins: ["EmbedAgencyTemplate"]
        ),
        // Views, themes, output formats, access, the build.
        .target(
            name: "PortholeSite",
            dependencies: [
                "PortholeCore",
                "PortholeMarkdown",
                "CPortholeSystem",
                "CPortholeSHA256",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            // ICU's plural rules (PluralRules.swift): the toolchain's ICU,
            // which Foundation links too, but whose C names it does not
            // re-export.
            linkerSettings: [.linkedLibrary("_FoundationICU", .when(platforms: [.linux]))],
            // The default theme, built in from themes/default (BuiltInTheme).
            plugins: ["EmbedDefaultTheme"]
        ),
        // Writes themes/default (and the agency template) as Swift source,
        // at build time. Its `default-theme` is a symlink to themes/default
        // (and the other links to the template's folders): SwiftPM plans the
        // build again (and so runs the plugin with the new list of files)
        // only when a target's folder gains or loses a file, and this makes
        // the theme's files count; without it, deleting a theme file would
        // fail the build with "missing inputs" until the next planning.
        .executableTarget(
            name: "PortholeThemeEmbedder", exclude: ["default-theme", "agency-template", "ci-recipes", "example-playbooks"]),
        .plugin(name: "EmbedDefaultTheme", capability: .buildTool(), dependencies: ["PortholeThemeEmbedder"]),
        .plugin(name: "EmbedAgencyTemplate", capability: .buildTool(), dependencies: ["PortholeThemeEmbedder"]),
        // `porthole serve`: the built site on 127.0.0.1, for a PM's preview.
        .target(
            name: "PortholePreview",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // What a HubSpot pull reads and would write, without the network:
        // CSV exports into a CRMSnapshot, and the PullPlan of new files. Its
        // own target so that the fuzz targets read HubSpot CSV without
        // building the HTTP client with sanitizers.
        .target(name: "PortholeHubSpotFormat", dependencies: ["PortholeCore"]),
        // `porthole hubspot pull|push`: the CRM exchange. Only this target
        // pulls in an HTTP client (and with it TLS), so the core stays small.
        .target(
            name: "PortholeHubSpot",
            dependencies: [
                "PortholeCore",
                "PortholeSite",
                "PortholeHubSpotFormat",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "porthole",
            dependencies: [
                "PortholeSite",
                "PortholeCore",
                "PortholePreview",
                "PortholeHubSpot",
                "PortholeHubSpotFormat",
                "PortholeScaffold",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc (Debian libmimalloc-dev) replaces glibc's malloc for
            // the whole process: a build makes millions of short-lived
            // allocations from many threads, and glibc's arenas cost about
            // 12 % of a full build's CPU (docs/architecture.md, "Where the
            // time goes").
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        // Temp-folder content fixtures shared by the test targets.
        .target(name: "PortholeTestSupport", path: "Tests/PortholeTestSupport"),
        .testTarget(name: "PortholeCoreTests", dependencies: ["PortholeCore", "PortholeTestSupport"]),
        .testTarget(name: "PortholeMarkdownTests", dependencies: ["PortholeMarkdown"]),
        .testTarget(name: "PortholeScaffoldTests", dependencies: ["PortholeScaffold", "PortholeCore"]),
        .testTarget(
            name: "PortholeHubSpotTests", dependencies: ["PortholeHubSpot", "PortholeHubSpotFormat", "PortholeCore", "PortholeTestSupport"]),
        .testTarget(
            name: "PortholeSiteTests",
            dependencies: [
                "PortholeSite", "PortholeCore", "PortholeTestSupport",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),
        .testTarget(name: "PortholePreviewTests", dependencies: ["PortholePreview"]),
        // Fuzzing (scripts/fuzz.sh, docs/testing.md): the content loaders as
        // libFuzzer targets in one binary. Built normally it replays inputs,
        // which is how the regression tests run them; built with
        // `-sanitize=fuzzer,address -DFUZZING` it is the fuzzer.
        .target(
            name: "PortholeFuzzTargets",
            dependencies: ["PortholeCore", "PortholeMarkdown", "PortholeHubSpotFormat", "PortholeTestSupport"],
            path: "Fuzz/Targets"),
        .executableTarget(name: "porthole-fuzz", dependencies: ["PortholeFuzzTargets"], path: "Fuzz/Driver"),
        // Invariants checked on generated inputs with a fixed seed
        // (Tests/PropertyTests/Property.swift says how to run more cases).
        .testTarget(
            name: "PropertyTests",
            dependencies: [
                "PortholeCore", "PortholeMarkdown", "PortholeSite", "PortholeTestSupport", "PortholeFuzzTargets",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Crypto", package: "swift-crypto"),
                // Only to hold Porthole's YAML composer to Yams' own.
                .product(name: "Yams", package: "Yams"),
            ]),
        // Runs the real `porthole` binary on real folders.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "PortholeTestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ]),
    ]
)
