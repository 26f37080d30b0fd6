export default defineBackground(() => {
  // Later issues wire the message handlers and the Dexie database here.
});
