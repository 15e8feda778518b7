// The glossary's index of initial letters (sitebuild/pages/glossary.py): where it sits on the first
// screen and how big its tap targets are; null on other pages.
article => {
  const index = article.querySelector(".glossary-index");
  if (!index) return null;
  const boxes = [...index.querySelectorAll("a")].map(a => a.getBoundingClientRect());
  return {letters: boxes.length, top: index.getBoundingClientRect().top, bottom: index.getBoundingClientRect().bottom,
          screen: innerHeight, minWidth: Math.min(...boxes.map(b => b.width)),
          minHeight: Math.min(...boxes.map(b => b.height)),
          targets: [...index.querySelectorAll("a")].every(a => !!document.getElementById(a.hash.slice(1)))};
}
