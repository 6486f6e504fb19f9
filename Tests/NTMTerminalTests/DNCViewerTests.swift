import NTM
import Testing

@testable import NTMTerminal

/// The viewer on a DNC: the state steps the DNC's records, the screen draws its panels from
/// them, and `m` switches machines on the same sequence. Every number is checked against the
/// library's records and sentences, never against the viewer itself.
@Suite struct DNCViewerTests {
  static func dncModel(for task: any TaskGenerator, seed: UInt64 = 1) -> ViewerModel {
    let c = DNCConfiguration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    return ViewerModel(
      parameters: .dnc(DNCParameters(configuration: c, seed: seed)), label: "untrained DNC (seed \(seed))",
      sequencesSeen: 0, taskName: task.name, taskParameters: task.parameters)
  }

  static func dncState(shelf: [ViewerModel] = []) throws -> ViewerState {
    let task = try makeTask(named: "copy")
    return ViewerState(model: dncModel(for: task), task: task, seed: 1, size: 6, shelf: shelf)
  }

  static func record(_ s: ViewerState) throws -> DNCStepRecord<Float> {
    guard case .dnc(let r) = try #require(s.current) else { throw CancellationError() }
    return r
  }

  @Test func theStateStepsTheDNCsOwnRecords() throws {
    let s = try Self.dncState()
    guard case .dnc(let p) = s.model?.parameters else { throw CancellationError() }
    let expected = DNC.run(p, inputs: s.episode.inputs)
    #expect(s.run.machine == .dnc && s.headCount == 2)
    #expect(bitPatterns(s.records) == bitPatterns(expected.map(MachineRecord.dnc)))
    let at4 = try s.pressing(.right, times: 5)
    #expect(try Self.record(at4) == expected[4])
    #expect(at4.weightings == [expected[4].write.weighting, expected[4].readHeads[0].weighting])
    #expect(try at4.pressing(.left).current == .dnc(expected[3]))
    #expect(at4.rendered().lines()[0].hasPrefix(" DNC  copy · untrained DNC (seed 1), NOT TRAINED"))
  }

  @Test func theMemoryPanelDrawsTheAllocationAndTheWritesDecomposition() throws {
    let s = try Self.dncState().pressing(.right, times: 4)
    let r = try Self.record(s)
    let lines = s.rendered().lines()
    func row(_ label: String) -> String? { lines.first { $0.dropFirst(1).hasPrefix(label) } }
    for label in ["uₜ usage", "φ free list", "aₜ allocation", "pₜ precedence", "Lₜ next j → i"] {
      #expect(row(label) != nil, "no row \(label)")
    }
    let f = { (x: Float) in NumberFormat.fixed(x, decimals: 2) }
    #expect(row("ψₜ f=\(f(r.interface.value(.freeGate(0))))") != nil)
    #expect(row("cʷ β=\(NumberFormat.fixed(r.write.content.keyStrength, decimals: 1))") != nil)
    #expect(row("wʷ gᵃ\(f(r.interface.value(.allocationGate))) gʷ\(f(r.interface.value(.writeGate)))") != nil)
    // The footer says what the library says, head name first.
    let summary = DNCAccessSummary(r)
    let sentence = ([summary.write] + summary.frees).joined(separator: "; ")
    #expect(lines[36].hasPrefix(String(sentence.prefix(100))))
    // The inspector adds the cursor's usage, free-list place and allocation.
    let rank = try #require(r.freeList.firstIndex(of: 0))
    #expect(
      lines[38].hasPrefix("loc 0: u \(f(r.usage[0])) · free rank \(rank) · a \(f(r.allocationWeighting[0]))"))
    // The free list's ranks, written over its heat under each location (cells are wide here).
    let grid = s.rendered()
    let y = try #require(grid.row(startingWith: "φ free list", atX: 1))
    for x in 20..<110 {
      guard let j = ViewerScreen.location(atX: x, y: y, state: s, size: ViewerFixture.full),
        ViewerScreen.location(atX: x - 1, y: y, state: s, size: ViewerFixture.full) != j
      else { continue }
      let digits = String(r.freeList.firstIndex(of: j) ?? -1)
      let shown = String((0..<digits.count).map { grid[x + $0, y].character })
      #expect(shown == digits, "location \(j)")
    }
  }

  @Test func aReadHeadShowsItsThreeWeightingsAndModes() throws {
    let s = try Self.dncState().pressing(.right, times: 9).pressing(.tab)
    let r = try Self.record(s)
    let mode = Array(r.interface[.readMode(0)])
    let lines = s.rendered(Size(width: 200, height: 60)).lines()
    func row(_ label: String) -> String? { lines.first { $0.dropFirst(1).hasPrefix(label) } }
    let f = { (x: Float) in NumberFormat.fixed(x, decimals: 2) }
    #expect(row("b π=\(f(mode[0]))") != nil)
    #expect(row("c π=\(f(mode[1]))") != nil)
    #expect(row("f π=\(f(mode[2]))") != nil)
    // The modes' bar: each mode as wide as its share of the 183 columns, named where it fits.
    let bar = try #require(row("π b/c/f modes"))
    let strip = String(bar.dropFirst(1 + ViewerLayout.labelWidth).dropLast(1))
    let widest = mode.argmax ?? 0
    #expect(strip.contains(["backward", "content", "forward"][widest] + " " + f(mode[widest])))
    let summary = DNCAccessSummary(r)
    let sentence = ([summary.reads[0]] + summary.frees).joined(separator: "; ")
    #expect(lines[56].hasPrefix(String(sentence.prefix(150))))
  }

  /// Links set by hand (j → j + 1 for the first locations) in a replayed DNC run: the arrows
  /// row points from each to the next, and the heatmap lists the written locations.
  @Test func theLinkRowPointsToEachLocationsSuccessor() throws {
    let live = try Self.dncState()
    var records = live.run.records.map { record -> DNCStepRecord<Float> in
      guard case .dnc(let r) = record else { preconditionFailure("a DNC's run") }
      return r
    }
    let n = records[0].link.rows
    for t in records.indices {
      records[t].access.link = Matrix(rows: n, columns: n)
      for j in 0..<4 { records[t].access.link[j + 1, j] = 0.9 }
    }
    let run = RecordedRun(
      episode: live.episode, records: records.map(MachineRecord.dnc), shifts: 0...0, hasAddressing: true,
      reading: live.run.reading)
    let s = try ViewerState(trace: run, name: "hand.jsonl", task: live.task).pressing(.right, times: 3)
    let size = Size(width: 120, height: 40)
    let grid = s.rendered(size)
    let y = try #require(grid.row(startingWith: "Lₜ next j → i", atX: 1))
    let arrows = (0..<size.width).filter { grid[$0, y].character == "→" }
    let pointed = arrows.compactMap { ViewerScreen.location(atX: $0, y: y - 1, state: s, size: size) }
    #expect(pointed.sorted() == [0, 1, 2, 3])
    #expect(!(0..<size.width).contains { grid[$0, y].character == "←" })
  }

  @Test func mSwitchesMachinesOnTheSameSequenceAndStep() throws {
    let task = try makeTask(named: "copy")
    var ntm = ViewerFixture.untrainedModel(for: task, seed: 4)
    ntm.label = "shipped copy model"
    let s = try Self.dncState(shelf: [ntm]).pressing(.right, times: 6).pressing(.tab)
    let switched = try s.pressing(.character("m"))
    #expect(switched.run.machine == .ntm && switched.model?.label == "shipped copy model")
    #expect(switched.episode == s.episode && switched.shownStep == 5 && switched.selectedHead == 1)
    #expect(switched.message == "switched to the NTM: shipped copy model")
    #expect(switched.rendered().lines()[0].hasPrefix(" NTM "))
    // And back: the same DNC, on the same sequence.
    let back = try switched.pressing(.character("m"))
    #expect(back.run.machine == .dnc && bitPatterns(back.records) == bitPatterns(s.records))
    // Without a DNC kept, an untrained one of the default shape, labelled so.
    let fresh = try ViewerFixture.copyState().pressing(.character("m"))
    #expect(fresh.run.machine == .dnc && fresh.model?.label == "untrained DNC (seed 1)")
    #expect(fresh.run.locations == DNCConfiguration(inputWidth: 9, outputWidth: 8).memoryLocations)
  }

  @Test func everySizeAndThemeDrawsADNC() throws {
    let s = try Self.dncState().pressing(.right, times: 5)
    for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)] {
      for theme in [
        ViewerFixture.color256, Theme(colorMode: .monochrome, glyphs: .unicode),
        Theme(colorMode: .color8, glyphs: .ascii),
      ] {
        for head in [s, try s.pressing(.tab)] {
          let text = head.rendered(size, theme: theme).text
          #expect(text.contains("DNC") && text.contains("write0") && text.contains("read0"))
        }
      }
    }
  }
}

extension DNCViewerTests {
  /// The breakpoint menu offers each DNC head its own gate: the write head's allocation gate,
  /// a read head's forward mode; play stops where the library finds the condition first.
  @Test func breakpointsOfferTheDNCsGates() throws {
    let s = try Self.dncState()
    let write = try s.pressing(.character("b"), .down, .down, .down, .character(" "), .escape)
    #expect(write.breakpoints == [try StepCondition(parsing: "write0.ga>0.9")])
    var read = try s.pressing(.tab, .character("b"), .down, .down, .down, .down, .character(" "), .escape)
    let condition = try StepCondition(parsing: "read0.forward<0.1")
    #expect(read.breakpoints == [condition])
    read = try read.pressing(.character(" "))
    for _ in 0..<read.episode.length where read.playing { read = try #require(read.updated(by: .tick)) }
    if let t = read.run.firstStep(where: condition) {
      #expect(
        read.shownStep == t
          && read.message?.hasPrefix("stopped at t = \(t), breakpoint read0.forward<0.1") == true)
    } else {
      #expect(read.atEnd && read.message == nil)
    }
  }
}

extension DNCViewerTests {
  /// Head health lists each DNC head's own measures, with their values at the shown step.
  @Test func headHealthShowsTheDNCsGatesAndModes() throws {
    let s = try Self.dncState().pressing(.right, times: 3).pressing(.character("w"))
    let r = try Self.record(s)
    let f = { (x: Float) in NumberFormat.fixed(x, decimals: 2) }
    let write = s.rendered().text
    #expect(write.contains("gᵃ      \(f(r.interface.value(.allocationGate)))"), "\(write)")
    #expect(write.contains("gʷ      \(f(r.interface.value(.writeGate)))"))
    let read = try s.pressing(.tab).rendered().text
    let mode = Array(r.interface[.readMode(0)])
    #expect(read.contains("f       \(f(r.interface.value(.freeGate(0))))"), "\(read)")
    #expect(read.contains("π back  \(f(mode[0]))"))
    #expect(read.contains("π cont  \(f(mode[1]))"))
    #expect(read.contains("π fwd   \(f(mode[2]))"))
  }

  /// `--compare` runs a second machine on the same sequences: here an NTM beside the DNC, whose
  /// outputs the compare panel draws and whose foci are not compared (another memory size).
  @Test func aDNCComparesWithAnNTM() throws {
    let task = try makeTask(named: "copy")
    var s = try Self.dncState()
    s.compare(with: ViewerFixture.untrainedModel(for: task, seed: 2))
    let comparison = try #require(s.comparison)
    let other = try #require(comparison.run)
    #expect(other.machine == .ntm && other.episode == s.episode)
    #expect(comparison.result?.focusDistance.allSatisfy { $0.allSatisfy { $0 == nil } } == true)
    let text = try s.pressing(.right, times: 8).rendered().text
    #expect(text.contains("B: "))
  }
}

extension DNCViewerTests {
  /// A kept DNC trained with other task settings (another vector width) cannot read this
  /// sequence: `m` passes it over for an untrained DNC rather than running it on the wrong widths.
  @Test func mPassesOverAModelOfOtherWidths() throws {
    let narrow = try makeTask(named: "copy", parameters: ["vectorWidth": "4"])
    var shipped = Self.dncModel(for: narrow)
    shipped.label = "shipped DNC copy model"
    let s = try ViewerFixture.copyState(shelf: [shipped]).pressing(.right, times: 2)
    let switched = try s.pressing(.character("m"))
    #expect(switched.run.machine == .dnc && switched.model?.label == "untrained DNC (seed 1)")
    #expect(switched.shownStep == 1 && switched.episode == s.episode)
  }
}
