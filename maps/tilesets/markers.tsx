<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.8" tiledversion="1.8.2" name="markers" tilewidth="32" tileheight="32" tilecount="7" columns="7">
 <image source="markers.png" width="224" height="32"/>
 <tile id="0">
  <properties>
   <property name="marker" value="civilians"/>
  </properties>
 </tile>
 <tile id="1">
  <properties>
   <property name="marker" value="evacuation"/>
  </properties>
 </tile>
 <tile id="2">
  <properties>
   <property name="marker" value="tyre_fire"/>
  </properties>
 </tile>
 <tile id="3">
  <properties>
   <property name="marker" value="hazard"/>
  </properties>
 </tile>
 <tile id="4">
  <properties>
   <property name="marker" value="objective"/>
  </properties>
 </tile>
 <tile id="5">
  <properties>
   <property name="marker" value="entry"/>
  </properties>
 </tile>
 <tile id="6">
  <properties>
   <property name="marker" value="message"/>
  </properties>
 </tile>
</tileset>
