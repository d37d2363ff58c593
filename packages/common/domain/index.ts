// `@mainline/common/domain`: the platform-free part of common, for pure domain modules.
export * from '../src/domain';
