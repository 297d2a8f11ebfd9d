"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.hello = void 0;
exports.hello = 'domain';
//# sourceMappingURL=index.js.map