extension Trace {
  /// One timestep of a DNC under docs/dnc.md's names: the episode's fields, the output and the
  /// controller as an NTM's line has them; then `heads`, the write head first (`write`, then
  /// `read0`, …), each with its interface values by name (`key`, `keyStrength`, `erase`, `add`,
  /// `freeGate`, `allocationGate`, `writeGate`, `readMode`, and with the fixes `mask`,
  /// `forwardSharpness`, `backwardSharpness`) and its weightings; then the step's own state:
  /// `retention`, `usage`, `freeList`, `allocationWeighting`, `precedenceBefore`, `precedence`,
  /// `link`, `memoryBefore`, `memory` and `read`.
  public static func step(_ r: DNCStepRecord<Float>, episode: Episode) -> String {
    var line = stepLine(
      time: r.time, input: r.input, output: r.output, controller: r.controller, episode: episode)
    let heads = ["write"] + r.readHeads.indices.map { "read\($0)" }
    var fields = [String: JSONLine]()
    for name in heads {
      fields[name] = JSONLine()
      fields[name]?.add("head", name)
      fields[name]?.add("kind", name == "write" ? "write" : "read")
    }
    // The interface values, field by field as the layout lists them.
    for block in r.interface.layout.blocks {
      let values = Array(r.interface[block.field])
      if block.isVector {
        fields[block.field.head]?.add(block.field.name, values)
      } else {
        fields[block.field.head]?.add(block.field.name, values[0])
      }
    }
    fields["write"]?.add("similarity", r.write.content.similarity)
    fields["write"]?.add("contentWeighting", r.write.contentWeighting)
    fields["write"]?.add("weighting", r.write.weighting)
    for (i, head) in r.readHeads.enumerated() {
      let name = "read\(i)"
      fields[name]?.add("previous", head.previousWeighting)
      fields[name]?.add("linkForward", head.linkForward)
      fields[name]?.add("linkBackward", head.linkBackward)
      fields[name]?.add("forwardWeighting", head.forwardWeighting)
      fields[name]?.add("backwardWeighting", head.backwardWeighting)
      fields[name]?.add("similarity", head.content.similarity)
      fields[name]?.add("contentWeighting", head.contentWeighting)
      fields[name]?.add("weighting", head.weighting)
      fields[name]?.add("read", head.read)
    }
    line.addRaw("heads", "[" + heads.compactMap { fields[$0]?.closed }.joined(separator: ",") + "]")
    line.add("retention", r.retention)
    line.add("usage", r.usage)
    line.addRaw("freeList", "[" + r.freeList.map(String.init).joined(separator: ",") + "]")
    line.add("allocationWeighting", r.allocationWeighting)
    line.add("precedenceBefore", r.precedenceBefore)
    line.add("precedence", r.precedence)
    line.add("link", r.link.nestedRows)
    line.add("memoryBefore", r.memoryBefore.nestedRows)
    line.add("memory", r.memory.nestedRows)
    line.add("read", r.reads)
    return line.closed
  }
}
