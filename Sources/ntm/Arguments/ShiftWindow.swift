import ArgumentParser

/// `--shifts LOW:HIGH`: the allowed shift offsets, e.g. `-1:1`. LOW must not exceed HIGH. The
/// option reads its value unconditionally, so `--shifts -1:1` works as written.
struct ShiftWindow: ExpressibleByArgument, Equatable, CustomStringConvertible {
  var offsets: ClosedRange<Int>

  init(_ offsets: ClosedRange<Int>) { self.offsets = offsets }

  init?(argument: String) {
    let bounds = argument.split(separator: ":", omittingEmptySubsequences: false)
    guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high else {
      return nil
    }
    offsets = low...high
  }

  var description: String { "\(offsets.lowerBound):\(offsets.upperBound)" }
  var defaultValueDescription: String { description }
}
