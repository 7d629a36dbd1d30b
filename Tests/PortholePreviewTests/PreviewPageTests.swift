import Testing

@testable import PortholePreview

@Suite struct PreviewPageTests {
    @Test func test_thePoliciesOfPublishedPagesAreWidenedOnlyForThePreviewsOwnFiles() {
        #expect(
            PreviewPage.widen("default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'")
                == "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; script-src 'self'; connect-src 'self'"
        )
        #expect(
            PreviewPage.widen("script-src 'none'; connect-src https://x.example")
                == "script-src 'self'; connect-src 'self' https://x.example; style-src 'self'")
    }

    @Test func test_theScriptGoesInTheHeadWithItsBuildAndTheEscapedPolicyIsRead() {
        let page = """
            <!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;self&#39;"></head><body>x</body></html>
            """
        let served = String(decoding: PreviewPage.inject(into: Array(page.utf8), build: "k3.2", unsealed: true), as: UTF8.self)
        #expect(served.contains("content=\"default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'\""))
        #expect(served.contains("<script src=\"/__porthole/live.js\" data-build=\"k3.2\" data-unsealed=\"1\" defer></script></head>"))
        #expect(served.hasSuffix("<body>x</body></html>"))
    }

    @Test func test_aPageThatConnectsAfterANewerBuildReloadsAtOnce() async {
        let events = PreviewEvents()
        await events.published(unsealedFolders: ["lark"])
        let old = await events.build
        await events.published(unsealedFolders: ["lark"])
        var iterator = await events.subscribe(since: old).makeAsyncIterator()
        #expect(await iterator.next() == .reload(build: await events.build))
        #expect(await events.isUnsealed("/lark/shop/"))
        #expect(!(await events.isUnsealed("/acme/")))
        await events.close()
        #expect(await iterator.next() == nil)
    }
}
