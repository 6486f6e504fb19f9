import ArgumentParser
import NTM
import NTMTerminal

struct PlaygroundCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "playground",
    abstract: "Set a head's parameters by hand and watch every stage the library computes.",
    discussion: """
      The NTM page: a 16 × 6 memory and one head; content similarity, content weighting, gated, \
      shifted and sharpened weightings update live as you change the parameters. Presets 1–6 walk \
      through content lookup, iteration, a blurred shift, sharpening and the gate. \
      The DNC page (d, or --machine dnc): an 8 × 6 memory, a write head and a read head; usage, \
      allocation, the write, the temporal links and the three read modes, step by step. Presets \
      1–7 teach freeing and reuse, following links forward and backward, and the three fixes of \
      Csordás & Schmidhuber. Press ? for the keys.
      """)

  @Option(parsing: .unconditional, help: "Seed of the memory's ±1 patterns.") var seed: UInt64 = 1
  @Option(
    parsing: .unconditional,
    help:
      "The preset to start with: 0…\(PlaygroundPreset.all.count - 1) on the NTM page, 0…\(DNCPlaygroundPreset.all.count - 1) on the DNC page."
  )
  var preset: Int = 0
  @Option(help: "The page to start on: ntm or dnc.") var machine: MachineKind = .ntm
  @Option(help: "Record the session as an asciicast v2 file (play it with: asciinema play FILE).")
  var record: PathArgument?
  @OptionGroup(title: "A model's step") var fromStep: PlaygroundTraceOptions

  func validate() throws {
    let presets = machine == .dnc ? DNCPlaygroundPreset.all.count : PlaygroundPreset.all.count
    try Limits.check(preset, in: 0...(presets - 1), "--preset")
    if machine == .dnc, fromStep.trace != nil {
      throw ValidationError("--trace opens an NTM head's step on the NTM page: leave out --machine dnc")
    }
  }

  func run() throws {
    // A bad trace or step fails here, before the terminal is needed.
    let initial: PlaygroundSession
    switch machine {
    case .ntm:
      initial = PlaygroundSession(
        ntm: try fromStep.initialState()
          ?? PlaygroundState(preset: PlaygroundPreset.all[preset], memorySeed: seed),
        dnc: DNCPlaygroundState(memorySeed: seed))
    case .dnc:
      initial = PlaygroundSession(
        ntm: PlaygroundState(memorySeed: seed),
        dnc: DNCPlaygroundState(preset: DNCPlaygroundPreset.all[preset], memorySeed: seed), shown: .dnc)
    }
    guard NcursesBackend.isTerminal() else {
      note("ntm playground needs an interactive terminal (standard output is not one).")
      throw ExitCode(2)
    }
    let screen = NcursesBackend()
    // A bad path fails here, before the screen opens.
    let recording = try record.map {
      try RecordingBackend(wrapping: screen, to: $0.path, title: "ntm playground")
    }
    let terminal: any TerminalBackend = recording ?? screen
    TerminalSignals.install()
    let result = try TerminalApp.run(
      backend: terminal, initial: initial,
      update: { state, event in state.updated(by: event) },
      render: { state, size in PlaygroundSession.render(state, size: size, theme: screen.theme) })
    if let failure = recording?.writeFailure { note("ntm playground: \(failure)") }
    if let signal = result.signal { throw ExitCode(128 + signal) }
  }
}
