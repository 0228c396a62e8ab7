"""Render stage (TypeScript): the escaper, the stub builders and the Node.js emitter."""
