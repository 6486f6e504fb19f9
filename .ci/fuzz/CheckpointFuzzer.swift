// libFuzzer entry point for the checkpoint loader, compiled with the library's sources by
// `.ci/fuzz/run` (not part of the package: SwiftPM cannot link an executable with
// -sanitize=fuzzer). The CI form of this fuzzer is `CheckpointFuzzTests` in `swift test`.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let data = Data(bytes: bytes, count: size)
  guard let file = try? SafeTensors(data: data, source: "fuzz"),
    let checkpoint = try? Checkpoint(file, source: "fuzz")
  else { return 0 }
  // What a later command does with a checkpoint it loaded: none of it may trap.
  guard let task = try? checkpoint.makeTask() else { fatalError("a loaded checkpoint's task does not build") }
  let c = checkpoint.configuration
  let size = task.trainingSizes.lowerBound
  guard (try? Footprint.checkRun(c, steps: task.maximumSteps(size: size), field: "size", value: "")) != nil else {
    return 0
  }
  var rng = SeededGenerator(seed: 1)
  let episode = task.episode(size: size, using: &rng)
  _ = Machine.run(checkpoint.parameters, inputs: Array(episode.inputs.prefix(4)))
  return 0
}
