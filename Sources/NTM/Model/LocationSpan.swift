/// A run of consecutive memory locations that may wrap round the end of memory, as the shifts
/// do: the part of memory a figure or a panel needs to show.
///
/// ```swift
/// let span = LocationSpan(covering: [0, 126, 127], locations: 128)  // 126, 127, 0
/// span.location(at: 2)                                               // 0
/// ```
public struct LocationSpan: Sendable, Equatable {
  /// The first location of the run.
  public var start: Int
  /// How many locations it holds.
  public var count: Int
  /// The number of memory locations N, where the run wraps.
  public var locations: Int

  public init(start: Int, count: Int, locations: Int) {
    self.start = start
    self.count = count
    self.locations = locations
  }

  /// The shortest run that holds every visited location. A head that walks 0, 127, 126, … has
  /// visited a short run across the seam, not the whole memory: the run starts just after the
  /// widest gap between visited neighbours. With none visited it is empty and starts at 0.
  ///
  /// - Parameters:
  ///   - visited: locations in ascending order, each in 0..<`n`.
  ///   - n: the number of memory locations N.
  public init(covering visited: [Int], locations n: Int) {
    guard let first = visited.first, let last = visited.last else {
      self.init(start: 0, count: 0, locations: n)
      return
    }
    var (start, gap) = (first, first + n - last)
    for (a, b) in zip(visited, visited.dropFirst()) where b - a > gap { (start, gap) = (b, b - a) }
    self.init(start: start, count: n - gap + 1, locations: n)
  }

  /// The location `offset` places into the run.
  public func location(at offset: Int) -> Int { (start + offset) % max(1, locations) }

  /// Every location of the run, in order.
  public var members: [Int] { (0..<count).map(location(at:)) }
}
