import NTMFigures
import Testing

/// Axes: round ticks, where values fall, and tick labels.
@Suite struct ChartAxisTests {
  @Test func linearAxesWidenToRoundTicks() {
    let y = ChartAxis.fitting([0.2, 3.7], label: "bits", includeZero: true)
    #expect(y.domain == 0...4)
    #expect(y.ticks == [0, 1, 2, 3, 4])
    #expect(y.tickLabels == ["0", "1", "2", "3", "4"])
    #expect(y.fraction(2) == 0.5)
    let x = ChartAxis.fitting([3, 17], label: "items")
    #expect(x.domain == 0...20)
    #expect(x.ticks.first == 0 && x.ticks.last == 20)
  }

  @Test func logarithmicAxesSpanPowersOfTen() {
    let y = ChartAxis.fitting([0.004, 0, -1, 30], label: "bits", scale: .logarithmic)
    #expect(y.domain == 0.001...100)
    #expect(y.ticks == [0.001, 0.01, 0.1, 1, 10, 100])
    #expect(y.tickLabels == ["0.001", "0.01", "0.1", "1", "10", "100"])
    #expect(abs(y.fraction(1) - 0.6) < 1e-12)
    #expect(y.fraction(0).isNaN)
    // Few decades: 2 and 5 times each power are ticked too.
    let narrow = ChartAxis.fitting([1.5, 40], label: "bits", scale: .logarithmic)
    #expect(narrow.ticks == [1, 2, 5, 10, 20, 50, 100])
  }

  @Test func ticksAreLabelledWithTheDecimalsTheirStepNeeds() {
    let p = ChartAxis(label: "p", domain: 0...1, ticks: [0, 0.25, 0.5, 0.75, 1])
    #expect(p.tickLabels == ["0", "0.25", "0.5", "0.75", "1"])
    // One unit for the whole axis: 50k beside 100k, not 50000.
    let sequences = ChartAxis.fitting([0, 180_000], label: "sequences")
    #expect(sequences.tickLabels == ["0", "50k", "100k", "150k", "200k"])
    let log = ChartAxis.fitting([1, 20_000], label: "n", scale: .logarithmic)
    #expect(log.tickLabels == ["1", "10", "100", "1000", "10k", "100k"])
    let many = ChartAxis(label: "n", domain: 0...3e6, ticks: [0, 1.5e6, 3e6])
    #expect(many.tickLabels == ["0", "1.5M", "3M"])
  }

  @Test func indexAxesTickRoundNumbersOfAWrappingSpan() {
    let locations = IndexAxis(label: "location", numbers: [124, 125, 126, 127, 0, 1, 2, 3, 4, 5, 6])
    #expect(locations.tickPositions(maxTicks: 3).map { locations.numbers[$0] } == [125, 0, 5])
    let time = IndexAxis(label: "time", count: 41)
    #expect(time.tickPositions(maxTicks: 5) == [0, 10, 20, 30, 40])
  }

  @Test func linesArePackedGreedily() {
    #expect(packedLines([10, 20, 30, 50, 120], capacity: 128) == [[0, 1, 2, 3], [4]])
    #expect(packedLines([200, 5], capacity: 128) == [[0], [1]])
    #expect(packedLines([10, 10, 10], capacity: 25, gap: 2) == [[0, 1], [2]])
  }
}
