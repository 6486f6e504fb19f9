// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "NTM",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "NTM", targets: ["NTM"]),
    .executable(name: "ntm", targets: ["ntm"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // `swift package generate-documentation --target NTM` builds the library's DocC catalog.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
  ],
  targets: [
    // The model: pure computation, no terminal, no printing.
    .target(name: "NTM", dependencies: ["CDenseKernels"]),
    // Float's dense kernels with fused multiply-adds, chosen at run time (AVX2 and FMA on
    // x86-64), bit-identical on every processor.
    .target(name: "CDenseKernels"),
    // ncurses with the wide-character API. A C target (not a module map) so that the library
    // name can differ per platform: ncursesw on Linux, ncurses on macOS.
    .target(
      name: "CNcursesw",
      linkerSettings: [
        .linkedLibrary("ncursesw", .when(platforms: [.linux])),
        .linkedLibrary("ncurses", .when(platforms: [.macOS])),
      ]
    ),
    // The paper's figures as data, and as SVG written here: no plotting dependency, no terminal.
    .target(name: "NTMFigures", dependencies: ["NTM"]),
    // The visualiser: state, update, render into a cell grid, and the ncurses backend.
    .target(name: "NTMTerminal", dependencies: ["NTM", "NTMFigures", "CNcursesw"]),
    // Trained checkpoints shipped with the tool, found from any working directory (beside the
    // executable, where `ntm install` puts them, or in NTM_MODELS), and the installer.
    .target(name: "NTMAssets", dependencies: ["NTM"], path: "Assets", exclude: ["README.md", "train-models.sh", "make-cards.sh", "cards-intro.md", "cards"], resources: [.copy("models")]),
    .executableTarget(
      name: "ntm",
      dependencies: [
        "NTM", "NTMFigures", "NTMTerminal", "NTMAssets",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "NTMTests", dependencies: ["NTM", "NTMAssets", "CDenseKernels"]),
    .testTarget(name: "NTMTerminalTests", dependencies: ["NTMTerminal", "NTM", "NTMFigures", "ntm"]),
    .testTarget(name: "NTMFiguresTests", dependencies: ["NTMFigures", "NTM"]),
  ]
)
