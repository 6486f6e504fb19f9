import ArgumentParser
import NTM

/// The kind and shape of a new machine. Unset options take the library's defaults
/// (`Configuration`, `DNCConfiguration`); a resumed run refuses a machine or shape different from
/// its checkpoint's (`TrainingSession`).
struct MachineOptions: ParsableArguments {
  private static let defaults = Configuration(inputWidth: 1, outputWidth: 1)
  private static let dncDefaults = DNCConfiguration(inputWidth: 1, outputWidth: 1)

  @Option(help: "The machine: ntm or dnc (default: ntm; with --resume, the checkpoint's).")
  var machine: MachineKind?

  @Option(
    help: ArgumentHelp(
      "lstm:SIZE, lstm:LAYERSxSIZE or feedforward:SIZE[:tanh|relu] (default: \(defaults.controller)).",
      valueName: "controller"))
  var controller: Configuration.Controller?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Memory N×M, e.g. 128x20 (default: \(defaults.memoryLocations)x\(defaults.memoryWidth); DNC \(dncDefaults.memoryLocations)x\(dncDefaults.memoryWidth)).",
      valueName: "NxM"))
  var memory: MemoryShape?

  @Option(parsing: .unconditional, help: "Read heads (default: \(defaults.readHeads)).")
  var readHeads: Int?

  @Option(parsing: .unconditional, help: "Write heads (default: \(defaults.writeHeads)).")
  var writeHeads: Int?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Allowed shifts as LOW:HIGH, e.g. -1:1 (default: \(ShiftWindow(defaults.shifts))).",
      valueName: "LOW:HIGH"))
  var shifts: ShiftWindow?

  @Option(
    name: .customLong("memory-init"),
    help: ArgumentHelp(
      "NTM: the initial memory M₀, constant[:VALUE] or learned (default: \(defaults.memoryInitialisation)). A constant memory has every row alike, so content addressing of an empty memory can only give a uniform weighting; learned gives the rows distinct contents that keys can address from the first step, so a head can go straight to a location computed from its input (priority sort learns its write locations this way). Not for the DNC.",
      valueName: "constant[:VALUE]|learned"))
  var memoryInit: Configuration.MemoryInitialisation?

  @Flag(help: "DNC: memory masking (Csordás & Schmidhuber).") var masking = false
  @Flag(help: "DNC: de-allocation, freed locations wiped (Csordás & Schmidhuber).") var deallocation = false
  @Flag(help: "DNC: link distribution sharpness (Csordás & Schmidhuber).") var linkSharpness = false

  func validate() throws {
    do throws(ValueError) { try controller?.validate() } catch {
      throw error.renamed("--" + error.field)
    }
    if let memory {
      try Limits.check(memory.locations, in: Limits.memoryLocations, "--memory \(memory): N")
      try Limits.check(memory.width, in: Limits.memoryWidth, "--memory \(memory): M")
    }
    if let readHeads { try Limits.check(readHeads, in: Limits.heads, "--read-heads") }
    if let writeHeads { try Limits.check(writeHeads, in: Limits.heads, "--write-heads") }
  }

  func apply(to request: inout TrainingRequest) {
    request.machine = machine
    // A flag not given leaves the request unset, so that an NTM or a resumed run does not refuse it.
    request.masking = masking ? true : nil
    request.deallocation = deallocation ? true : nil
    request.linkSharpness = linkSharpness ? true : nil
    request.controller = controller
    request.memoryLocations = memory?.locations
    request.memoryWidth = memory?.width
    request.readHeads = readHeads
    request.writeHeads = writeHeads
    request.shifts = shifts?.offsets
    request.memoryInitialisation = memoryInit
  }
}
