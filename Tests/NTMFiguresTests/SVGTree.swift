import Foundation
import NTM
import NTMFigures

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// An SVG document parsed as XML, with the queries the figure tests need. Parsing is the first
/// check: a document that is not well-formed XML throws here.
struct SVGTree {
  let document: XMLDocument

  init(_ text: String) throws {
    document = try XMLDocument(xmlString: text, options: [])
  }

  var root: XMLElement { document.rootElement()! }

  /// Elements named `name` below `node` (any depth) whose class list holds `className`.
  func elements(_ name: String, class className: String? = nil, in node: XMLNode? = nil) throws
    -> [XMLElement]
  {
    var path = ".//*[local-name()='\(name)'"
    if let className { path += " and contains(concat(' ', @class, ' '), ' \(className) ')" }
    path += "]"
    return try (node ?? root).nodes(forXPath: path).compactMap { $0 as? XMLElement }
  }

  /// The children of `node` named `name`.
  func children(_ name: String, of node: XMLElement) -> [XMLElement] {
    (node.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.localName == name }
  }
}

extension XMLElement {
  func attribute(_ name: String) -> String? {
    (attributes ?? []).first { $0.name == name }?.stringValue
  }
  func number(_ name: String) -> Double? { attribute(name).flatMap(Double.init) }
  var text: String { stringValue ?? "" }
}

/// Small untrained machines for the tasks, fast enough to run in a test.
enum TinyModel {
  static func make(
    _ task: String, parameters: [String: String] = [:], readHeads: Int = 1, writeHeads: Int = 1
  )
    throws -> FigureModel
  {
    let task = try makeTask(named: task, parameters: parameters)
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    c.memoryLocations = 16
    c.memoryWidth = 4
    c.controller = .lstm(layers: 1, size: 8)
    c.readHeads = readHeads
    c.writeHeads = writeHeads
    return FigureModel(
      parameters: Parameters(configuration: c, seed: 3), task: task, label: "tiny \(task.name)")
  }
}
