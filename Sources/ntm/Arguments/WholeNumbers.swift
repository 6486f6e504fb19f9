import ArgumentParser

/// A comma-separated list of whole numbers, e.g. `10,20,30` (at least one). Each command checks
/// the range of its values.
struct WholeNumbers: ExpressibleByArgument {
  var values: [Int]

  init?(argument: String) {
    let pieces = argument.split(separator: ",", omittingEmptySubsequences: false)
    let values = pieces.compactMap { Int($0.filter { $0 != " " }) }
    guard !values.isEmpty, values.count == pieces.count else { return nil }
    self.values = values
  }
}
