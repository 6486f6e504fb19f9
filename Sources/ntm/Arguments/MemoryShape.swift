import ArgumentParser

/// `--memory NxM`: N locations of width M, e.g. `128x20`. Both pieces must be whole numbers;
/// `x128x20`, `128xx20` and `128x` are refused. Ranges are checked by `MachineOptions.validate()`.
struct MemoryShape: ExpressibleByArgument, Equatable, CustomStringConvertible {
  var locations: Int
  var width: Int

  init(locations: Int, width: Int) {
    self.locations = locations
    self.width = width
  }

  init?(argument: String) {
    let pieces = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
    guard pieces.count == 2, let n = Int(pieces[0]), let m = Int(pieces[1]) else { return nil }
    self.init(locations: n, width: m)
  }

  var description: String { "\(locations)x\(width)" }
  var defaultValueDescription: String { description }
}
