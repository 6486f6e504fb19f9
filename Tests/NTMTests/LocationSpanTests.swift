import Testing

@testable import NTM

@Suite("Location span") struct LocationSpanTests {
  /// The shortest circular run holding every visited location: copy from 0 upwards; the repeat
  /// copy model walking down from 0 through 127; one location; none; a run across the seam whose
  /// widest gap is inside; all of memory.
  @Test func spanIsTheShortestCircularRunHoldingEveryVisitedLocation() {
    func span(_ visited: [Int], _ n: Int) -> [Int] {
      [LocationSpan(covering: visited, locations: n)].flatMap { [$0.start, $0.count] }
    }
    #expect(span([0, 1, 2], 128) == [0, 3])
    #expect(span([0, 124, 125, 126, 127], 128) == [124, 5])
    #expect(span([5], 128) == [5, 1])
    #expect(span([], 128) == [0, 0])
    #expect(span([1, 2, 6, 7], 8) == [6, 5])
    #expect(span(Array(0..<8), 8) == [0, 8])
    #expect(LocationSpan(covering: [0, 126, 127], locations: 128).members == [126, 127, 0])
  }
}
