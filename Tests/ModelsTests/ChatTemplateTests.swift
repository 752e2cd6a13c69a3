import Models
import XCTest

final class ChatTemplateTests: XCTestCase {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let messages: [[String: String]]
            let add_generation_prompt: Bool
            let text: String
        }
        let template: String
        let cases: [Case]
    }

    func loadFixture() throws -> Fixture {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath("smollm2-chat.json")))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    /// Renderings recorded from jinja2 running the GGUF's template (scripts/chat-template-fixture.py).
    func testMatchesTheJinjaTemplateOnRecordedConversations() throws {
        let fixture = try loadFixture()
        let template = try ChatTemplate(template: fixture.template)
        XCTAssertEqual(template.defaultSystemPrompt, "You are a helpful AI assistant named SmolLM, trained by Hugging Face")
        XCTAssertGreaterThanOrEqual(fixture.cases.count, 10)
        for c in fixture.cases {
            let messages = c.messages.map { ChatTemplate.Message(role: $0["role"] ?? "", content: $0["content"] ?? "") }
            XCTAssertEqual(template.render(messages, addGenerationPrompt: c.add_generation_prompt), c.text)
        }
    }

    func testReadsTheTemplateFromTheRealGGUF() throws {
        let file = try realSmolLM()
        let template = try ChatTemplate(gguf: file)
        XCTAssertEqual(template.source, try loadFixture().template)
        XCTAssertEqual(template.defaultSystemPrompt, "You are a helpful AI assistant named SmolLM, trained by Hugging Face")
        let prompt = template.render([
            .init(role: "system", content: "You are a helpful assistant."),
            .init(role: "user", content: "What is the capital of France?"),
        ])
        XCTAssertEqual(prompt, "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n")
        let ids = try realTokenizer().encode(prompt)
        XCTAssertEqual(ids.first, 1)
        XCTAssertEqual(ids.filter { $0 == 2 }.count, 2)
    }

    func testRefusesTemplatesThatAreNotChatML() {
        let llama2 = "{% for message in messages %}[INST] {{ message['content'] }} [/INST]{% endfor %}"
        XCTAssertThrowsError(try ChatTemplate(template: llama2, source: "other.gguf")) { error in
            XCTAssertTrue("\(error)".contains("other.gguf"))
        }
        let plain = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n'}}{% endfor %}"
        XCTAssertNil(try ChatTemplate(template: plain).defaultSystemPrompt)
    }
}
