# Node addon (node/): install the napi-rs CLI, build the addon in release mode, check that the
# generated types (index.d.ts) match the checked-in ones, run the `node --test` suite.
TEST_TARGETS += test-node

.PHONY: test-node node-deps node-build

# The napi-rs CLI and TypeScript (node/package.json's devDependencies).
node-deps:
	cd node && (npm ci --no-audit --no-fund || npm install --no-audit --no-fund)

node-build: node-deps
	cd node && npm run build

test-node: node-build
	git diff --exit-code -- node/index.d.ts || \
	  (echo "node/index.d.ts differs from the build: commit the regenerated file" && false)
	cd node && node --test test/*.test.js
