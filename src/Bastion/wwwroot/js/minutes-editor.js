// 会议记录 editor: a small rich-text box (bold, italic, underline, lists, heading, quote) over the plain textarea.
// The textarea stays the form field (and the fallback without JavaScript); the server sanitises whatever arrives.
(function () {
  function init(root) {
    var area = root.querySelector('textarea');
    var editor = root.querySelector('[contenteditable]');
    var bar = root.querySelector('.bb-editor-toolbar');
    if (!area || !editor || !bar || root.dataset.ready) return;
    root.dataset.ready = '1';
    // Enter starts a <p> (the sanitiser keeps paragraphs, not <div>s)
    try { document.execCommand('defaultParagraphSeparator', false, 'p'); } catch (e) { }
    var sync = function () { area.value = editor.innerHTML.trim() === '<br>' ? '' : editor.innerHTML; };
    bar.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-cmd]');
      if (!b) return;
      e.preventDefault();
      editor.focus();
      document.execCommand(b.dataset.cmd, false, b.dataset.arg || null);
      sync();
    });
    // pasted text comes in as plain text: no styles from Word or web pages
    editor.addEventListener('paste', function (e) {
      e.preventDefault();
      var text = (e.clipboardData || window.clipboardData).getData('text/plain');
      document.execCommand('insertText', false, text);
    });
    editor.addEventListener('input', sync);
    var form = root.closest('form');
    if (form) form.addEventListener('submit', sync);
    area.hidden = true;
    editor.hidden = false;
    bar.hidden = false;
  }
  function all() { document.querySelectorAll('.bb-editor').forEach(init); }
  document.addEventListener('DOMContentLoaded', all);
  document.addEventListener('htmx:afterSettle', all);
})();
